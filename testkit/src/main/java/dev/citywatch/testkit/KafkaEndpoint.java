package dev.citywatch.testkit;

/** A running Kafka cluster and how it was obtained ({@code env}, {@code testcontainers} or {@code local}). */
public record KafkaEndpoint(String bootstrapServers, String mode) {}
