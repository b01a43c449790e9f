package dev.palisade.functions;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * What an EventBridge Scheduler schedule sends the job function: its input, {@code {"job":
 * "<name>"}}. Other fields are ignored.
 */
@Introspected
public record JobInvocation(@Nullable String job) {}
