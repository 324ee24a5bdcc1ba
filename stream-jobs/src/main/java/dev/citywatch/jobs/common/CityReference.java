package dev.citywatch.jobs.common;

import dev.citywatch.model.criteria.Criteria;
import dev.citywatch.model.criteria.CriteriaLoader;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.model.yaml.YamlException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the jobs know about the city: the inventory and the detection criteria. Both travel to the
 * task managers as their YAML text inside the job graph (a Flink cluster need not have the files)
 * and are parsed once per task. Both are checked when the job is built, so a bad file stops the
 * submission with every problem named, not a running job.
 */
public final class CityReference implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String inventoryYaml;
  private final String criteriaYaml;
  private transient Inventory inventory;
  private transient Criteria criteria;

  private CityReference(String inventoryYaml, String criteriaYaml) throws YamlException {
    this.inventoryYaml = inventoryYaml;
    this.criteriaYaml = criteriaYaml;
    this.inventory = InventoryLoader.parse("inventory", inventoryYaml);
    this.criteria = CriteriaLoader.parse("criteria", criteriaYaml);
  }

  /** The committed inventory and the shipped criteria, or the given files. */
  public static CityReference load(Optional<Path> inventoryFile, Optional<Path> criteriaFile) throws IOException, YamlException {
    String inventory = inventoryFile.isPresent() ? Files.readString(inventoryFile.get(), StandardCharsets.UTF_8)
        : resource(InventoryLoader.DEFAULT_RESOURCE);
    String criteria = criteriaFile.isPresent() ? Files.readString(criteriaFile.get(), StandardCharsets.UTF_8)
        : resource(CriteriaLoader.DEFAULT_RESOURCE);
    return new CityReference(inventory, criteria);
  }

  public static CityReference defaults() {
    try {
      return load(Optional.empty(), Optional.empty());
    } catch (IOException | YamlException e) {
      throw new IllegalStateException("the shipped inventory or criteria do not load: " + e.getMessage(), e);
    }
  }

  /** A reference from YAML text (tests). */
  public static CityReference of(String inventoryYaml, String criteriaYaml) throws YamlException {
    return new CityReference(inventoryYaml, criteriaYaml);
  }

  public Inventory inventory() {
    if (inventory == null) {
      try {
        inventory = InventoryLoader.parse("inventory", inventoryYaml);
      } catch (YamlException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    return inventory;
  }

  public Criteria criteria() {
    if (criteria == null) {
      try {
        criteria = CriteriaLoader.parse("criteria", criteriaYaml);
      } catch (YamlException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    return criteria;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = CityReference.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IOException("missing class-path resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
