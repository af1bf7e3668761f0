package dev.lambdarec.prepare;

/** A prepared dataset: where it is, and whether this call made it or found it already made. */
public record PrepareResult(String datasetId, String location, boolean reused, DatasetManifest manifest) {
}
