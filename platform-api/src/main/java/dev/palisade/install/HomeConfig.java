package dev.palisade.install;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/** {@code palisade.home} ({@code PALISADE_HOME}): the directory that holds the install's state. */
@ConfigurationProperties("palisade")
public record HomeConfig(@NotBlank @Bindable(defaultValue = "./var") String home) {}
