package dev.palisade.storage;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.io.InputStream;
import java.util.List;

/**
 * Where an organization's file contents live: the install's bundled storage, a customer S3 bucket
 * or a dedicated directory. Objects are addressed by a name the platform chose ({@link
 * #checkName}), never by a key a user sent. Implementations are thread-safe and stream: no method
 * holds a whole object in memory.
 *
 * <p>Failures are {@link PlatformException}s: {@link ErrorCode#STORAGE_UNAVAILABLE} when the
 * backend cannot be reached or refuses the request, {@link ErrorCode#NOT_FOUND} for an object that
 * is not there. Their messages are sanitized: no credentials and no raw provider payloads.
 */
public interface StorageBinding extends AutoCloseable {
  /** The most names {@link #list} returns. */
  int LIST_LIMIT = 1000;

  /** The backend type: {@code bundled}, {@code s3} or {@code local_filesystem_dedicated}. */
  String type();

  /**
   * Writes exactly {@code length} bytes from {@code content} under {@code name}; the object is
   * visible only once all of them were written (a failed or short write leaves nothing, or the
   * previous object of that name). The caller closes {@code content}.
   */
  void put(String name, InputStream content, long length);

  /** The object's bytes; the caller closes the stream. */
  InputStream open(String name);

  /** Names under {@code prefix}, in name order, at most {@link #LIST_LIMIT}. */
  List<String> list(String prefix);

  /** Removes the object; removing one that is not there is not an error. */
  void delete(String name);

  @Override
  default void close() {}

  /**
   * Refuses an object name that is not one the platform makes: 1-200 characters of lowercase
   * letters, digits, {@code .}, {@code _}, {@code -} and {@code /}, no empty or dot segments, so
   * that a name can become a path or an S3 key as it is.
   */
  static String checkName(String name) {
    if (name == null
        || !name.matches("[a-z0-9][a-z0-9._/-]{0,199}")
        || name.contains("//")
        || name.endsWith("/")
        || ("/" + name + "/").contains("/./")
        || ("/" + name + "/").contains("/../")) {
      throw new IllegalArgumentException("not an object name");
    }
    return name;
  }

  /** The failure of a backend that could not be reached or refused a request. */
  static PlatformException unavailable(String message) {
    return new PlatformException(ErrorCode.STORAGE_UNAVAILABLE, message);
  }
}
