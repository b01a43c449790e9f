package dev.palisade.console.render;

/** A page could not be rendered: no context was free in time, or the bundle failed. */
public final class RenderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RenderException(String message) {
    super(message);
  }
}
