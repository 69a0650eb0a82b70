package io.vigie.es.compat;

import org.elasticsearch.cluster.metadata.DataStream;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.index.IndexNotFoundException;

import java.util.Map;
import java.util.TreeMap;

/** Resolves a `name1,name2,logs-*` expression against the cluster's data streams. */
final class DataStreamNames {
    private DataStreamNames() {}

    /** @throws IndexNotFoundException when a concrete (non-wildcard) name does not exist */
    static Map<String, DataStream> resolve(String expression, Map<String, DataStream> all) {
        Map<String, DataStream> out = new TreeMap<>();
        if (expression == null || expression.isEmpty() || expression.equals("_all") || expression.equals("*")) {
            out.putAll(all);
            return out;
        }
        for (String name : Strings.splitStringByCommaToArray(expression)) {
            if (Regex.isSimpleMatchPattern(name)) {
                all.forEach((k, v) -> { if (Regex.simpleMatch(name, k)) out.put(k, v); });
            } else if (all.containsKey(name)) {
                out.put(name, all.get(name));
            } else {
                throw new IndexNotFoundException(name);
            }
        }
        return out;
    }
}
