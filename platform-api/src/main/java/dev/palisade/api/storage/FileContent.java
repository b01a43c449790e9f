package dev.palisade.api.storage;

import java.io.InputStream;

/** A file's content as a response body: the stream (closed once written) and its exact length. */
record FileContent(InputStream content, long length) {}
