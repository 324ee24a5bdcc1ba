package dev.citywatch.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class the JVM's shared Kafka and InfluxDB: declare a {@link KafkaEndpoint} or
 * {@link InfluxEndpoint} parameter on a test, lifecycle method or constructor.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealServersExtension.class)
public @interface RealServers {}
