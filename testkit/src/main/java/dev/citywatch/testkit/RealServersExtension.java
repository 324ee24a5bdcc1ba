package dev.citywatch.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolves {@link KafkaEndpoint} and {@link InfluxEndpoint} parameters from {@link TestServers}. */
public final class RealServersExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    Class<?> type = parameter.getParameter().getType();
    return type == KafkaEndpoint.class || type == InfluxEndpoint.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == KafkaEndpoint.class ? TestServers.kafka() : TestServers.influx();
  }
}
