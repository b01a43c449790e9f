package dev.palisade.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to start when a {@code palisade.*} setting is present but cannot be read as its type
 * ({@code PALISADE_DATABASE_TENANT_IDLE_TIMEOUT=soon}). Micronaut binds such a value as absent and
 * the default would apply without a word; here it ends the start with the setting named.
 */
@Context
final class SettingsVerifier {
  SettingsVerifier(ApplicationContext context) {
    Environment env = context.getEnvironment();
    List<String> problems = new ArrayList<>();
    for (BeanDefinition<?> d :
        context.getBeanDefinitions(Qualifiers.byStereotype(ConfigurationReader.class))) {
      String prefix = d.stringValue(ConfigurationReader.class, "prefix").orElse("");
      if (!prefix.startsWith("palisade.") || prefix.contains("*")) {
        continue;
      }
      for (Argument<?> a : d.getConstructor().getArguments()) {
        String key = prefix + "." + NameUtils.hyphenate(a.getName());
        if (env.getProperty(key, String.class).isPresent() && env.getProperty(key, a).isEmpty()) {
          problems.add(StartupFailure.named(key) + " is not a valid " + typeOf(a));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(String.join("; ", problems));
    }
  }

  private static String typeOf(Argument<?> a) {
    return StartupFailure.typeName(a.getType().getName());
  }
}
