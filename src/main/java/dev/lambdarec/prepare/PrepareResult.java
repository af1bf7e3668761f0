package dev.lambdarec.prepare;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

public record PrepareResult(String datasetId, String location, boolean reused, DatasetManifest manifest) {

    /** What the prepare function answers (and a Processing job leaves for it to answer). */
    public ObjectNode json() {
        ObjectNode out = JsonNodeFactory.instance.objectNode()
                .put("datasetId", datasetId)
                .put("location", location)
                .put("reused", reused);
        out.set("counts", PrepareService.JSON.valueToTree(manifest.counts()));
        out.set("timingsSeconds", PrepareService.JSON.valueToTree(manifest.timingsSeconds()));
        return out;
    }
}
