package io.vigie.es.compat;

import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.metadata.DataStream;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elasticsearch.cluster.metadata.MetadataIndexTemplateService;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.index.Index;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** GET /_data_stream[/{name}] : the data streams in the cluster state (subset of the stock response). */
final class RestGetDataStreamsAction extends BaseRestHandler {
    private final Supplier<ClusterService> clusterService;

    RestGetDataStreamsAction(Supplier<ClusterService> clusterService) {
        this.clusterService = clusterService;
    }

    @Override
    public String getName() {
        return "vigie_get_data_streams_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, "/_data_stream"), new Route(RestRequest.Method.GET, "/_data_stream/{name}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String expression = request.param("name");
        request.param("expand_wildcards"); // accepted for client compatibility; hidden streams are always listed
        return channel -> {
            ClusterState state = clusterService.get().state();
            Map<String, DataStream> resolved;
            try {
                resolved = DataStreamNames.resolve(expression, state.metadata().dataStreams());
            } catch (Exception e) {
                channel.sendResponse(new RestResponse(channel, e));
                return;
            }
            XContentBuilder b = channel.newBuilder();
            b.startObject().startArray("data_streams");
            for (DataStream ds : resolved.values()) {
                b.startObject();
                b.field("name", ds.getName());
                b.startObject("timestamp_field").field("name", "@timestamp").endObject();
                b.startArray("indices");
                for (Index index : ds.getIndices()) {
                    b.startObject().field("index_name", index.getName()).field("index_uuid", index.getUUID()).endObject();
                }
                b.endArray();
                b.field("generation", ds.getGeneration());
                IndexMetadata write = state.metadata().index(ds.getWriteIndex());
                String template = MetadataIndexTemplateService.findV2Template(state.metadata(), ds.getName(), false);
                b.field("status", healthOf(state, ds));
                if (template != null) b.field("template", template);
                b.field("hidden", ds.isHidden());
                b.field("system", ds.isSystem());
                b.field("replicated", ds.isReplicated());
                b.field("index_mode", ds.getIndexMode() == null ? "standard" : ds.getIndexMode().getName());
                if (write != null) b.field("write_index_creation_date", write.getCreationDate());
                b.endObject();
            }
            b.endArray().endObject();
            channel.sendResponse(new RestResponse(RestStatus.OK, b));
        };
    }

    private static String healthOf(ClusterState state, DataStream ds) {
        String worst = "GREEN";
        for (Index index : ds.getIndices()) {
            var table = state.routingTable().index(index);
            if (table == null) return "RED";
            if (table.allPrimaryShardsActive() == false) return "RED";
            if (table.allShardsActive() == false) worst = "YELLOW";
        }
        return worst;
    }
}
