package io.vigie.es.compat;

import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Vigie's test-node plugin: re-implements, in our own code, the REST endpoints that
 * live in distribution modules Elastic does not publish on Maven Central:
 *   - GET|HEAD /                      (module rest-root)   used by client.info() / client.ping()
 *   - GET /_data_stream[/{name}]      (module data-streams)
 *   - DELETE /_data_stream/{name}     (module data-streams)
 * Data-stream creation, rollover-free indexing and search are in the server itself.
 */
public final class VigieEsCompatPlugin extends Plugin implements ActionPlugin {
    private final Settings settings;
    private final AtomicReference<ClusterService> clusterService = new AtomicReference<>();

    public VigieEsCompatPlugin(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService.set(services.clusterService());
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        Supplier<ClusterService> cs = () -> {
            ClusterService service = clusterService.get();
            if (service == null) throw new IllegalStateException("vigie-es-compat: cluster service not initialised yet");
            return service;
        };
        return List.of(new RestRootAction(cs), new RestGetDataStreamsAction(cs), new RestDeleteDataStreamAction(cs, this.settings));
    }
}
