package dev.citywatch.model.inventory;

/** A river (or reach) that gauges watch; flood alerts are raised per river. */
public record River(String id, String name, String nameEn) {}
