import java.lang.instrument.Instrumentation;

/**
 * Vigie's stand-in for Elasticsearch's `entitlement-agent` jar, which is part of
 * the official distribution but is not published on Maven Central.
 *
 * Elasticsearch 8.18+ self-attaches this agent at boot
 * (EntitlementBootstrap.loadAgent(agentJar, initClassName)) and expects it to hand
 * the Instrumentation over to the entitlement library; all the instrumentation
 * logic itself lives in elasticsearch-entitlement.jar (from Maven Central).
 */
public final class VigieEntitlementAgent {
    private static final String DEFAULT_INIT_CLASS =
        "org.elasticsearch.entitlement.initialization.EntitlementInitialization";

    private VigieEntitlementAgent() {}

    public static void agentmain(String agentArgs, Instrumentation inst) throws Exception {
        String initClassName = agentArgs == null || agentArgs.isBlank() ? DEFAULT_INIT_CLASS : agentArgs.trim();
        Class<?> initClass;
        try {
            initClass = Class.forName(initClassName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("vigie entitlement agent: cannot find " + initClassName + " on the module path", e);
        }
        initClass.getMethod("initialize", Instrumentation.class).invoke(null, inst);
    }

    public static void premain(String agentArgs, Instrumentation inst) throws Exception {
        agentmain(agentArgs, inst);
    }
}
