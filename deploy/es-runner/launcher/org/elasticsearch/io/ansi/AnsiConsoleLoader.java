package org.elasticsearch.io.ansi;

import java.util.function.Supplier;

/**
 * Elasticsearch's bootstrap (ConsoleLoader) always loads this class from lib/tools/ansi-console;
 * the distribution's ansi-console jar is not on Maven Central. The test node is started
 * detached with no terminal, so "no console" (null) is the right answer: it is what the
 * real loader returns when stdout is not a TTY.
 */
public final class AnsiConsoleLoader implements Supplier<Object> {
    public AnsiConsoleLoader() {}

    @Override
    public Object get() {
        return null;
    }
}
