package io.vigie.es.compat;

import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.ClusterStateUpdateTask;
import org.elasticsearch.cluster.metadata.DataStream;
import org.elasticsearch.cluster.metadata.MetadataDataStreamsService;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.Priority;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** DELETE /_data_stream/{name} : removes the data streams and their backing indices (server's own cluster-state logic). */
@SuppressWarnings("deprecation") // ClusterService#submitUnbatchedStateUpdateTask: fine for a one-off test endpoint
final class RestDeleteDataStreamAction extends BaseRestHandler {
    private final Supplier<ClusterService> clusterService;
    private final Settings settings;

    RestDeleteDataStreamAction(Supplier<ClusterService> clusterService, Settings settings) {
        this.clusterService = clusterService;
        this.settings = settings;
    }

    @Override
    public String getName() {
        return "vigie_delete_data_stream_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.DELETE, "/_data_stream/{name}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String expression = request.param("name");
        request.param("expand_wildcards");
        request.param("master_timeout");
        return channel -> clusterService.get().submitUnbatchedStateUpdateTask("vigie-delete-data-stream [" + expression + "]",
            new ClusterStateUpdateTask(Priority.HIGH) {
                @Override
                public ClusterState execute(ClusterState current) {
                    Map<String, DataStream> resolved = DataStreamNames.resolve(expression, current.metadata().dataStreams());
                    if (resolved.isEmpty()) return current;
                    Set<DataStream> toDelete = new HashSet<>(resolved.values());
                    return MetadataDataStreamsService.deleteDataStreams(current, toDelete, settings);
                }

                @Override
                public void onFailure(Exception e) {
                    try {
                        channel.sendResponse(new RestResponse(channel, e));
                    } catch (IOException io) {
                        e.addSuppressed(io);
                    }
                }

                @Override
                public void clusterStateProcessed(ClusterState oldState, ClusterState newState) {
                    channel.sendResponse(new RestResponse(RestStatus.OK, "application/json", "{\"acknowledged\":true}"));
                }
            });
    }
}
