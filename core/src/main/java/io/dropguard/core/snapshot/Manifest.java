package io.dropguard.core.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * [#5] {@code manifest.json}, the last file of a snapshot: its presence is what makes the snapshot complete. It
 * records what the snapshot is of, and for every table its row count and the SHA-256 of its row file.
 */
final class Manifest {
  static final String FILE = "manifest.json";
  static final String STARTED = "started.json";
  static final String SCHEMA = "schema.json";
  static final String FORMAT = "dropguard-snapshot-1";

  /**
   * @param file the row file, relative to the snapshot directory (directory store), or null
   * @param location the table holding the rows (database store), or null
   */
  record TableEntry(
      TableRef ref, String kind, long rows, String format, String file, long bytes, String sha256,
      TableRef location) {}

  final Map<String, Object> json;

  Manifest(Map<String, Object> json) {
    this.json = json;
  }

  static Map<String, Object> header(
      String id, Instant createdAt, String database, String user, String product, String productVersion,
      Engine engine, String statement, List<String> kinds, String store) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("id", id);
    m.put("createdAt", createdAt.toString());
    m.put("database", database);
    m.put("user", user);
    m.put("product", product);
    m.put("productVersion", productVersion);
    m.put("engine", engine.name());
    m.put("statement", statement);
    m.put("kinds", kinds);
    m.put("store", store);
    return m;
  }

  static Map<String, Object> tableJson(TableEntry t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("namespace", t.ref().namespace());
    m.put("name", t.ref().name());
    m.put("kind", t.kind());
    m.put("rows", t.rows());
    m.put("format", t.format());
    m.put("file", t.file());
    m.put("bytes", t.bytes());
    m.put("sha256", t.sha256());
    m.put("locationNamespace", t.location() == null ? null : t.location().namespace());
    m.put("locationName", t.location() == null ? null : t.location().name());
    return m;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(Path file) throws IOException {
    return (Map<String, Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  String id() {
    return (String) json.get("id");
  }

  Engine engine() {
    return Engine.valueOf((String) json.get("engine"));
  }

  String store() {
    return (String) json.get("store");
  }

  String database() {
    return (String) json.get("database");
  }

  @SuppressWarnings("unchecked")
  Map<String, String> session() {
    Object s = json.get("session");
    return s == null ? Map.of() : (Map<String, String>) s;
  }

  @SuppressWarnings("unchecked")
  Map<String, String> files() {
    Object s = json.get("files");
    return s == null ? Map.of() : (Map<String, String>) s;
  }

  @SuppressWarnings("unchecked")
  List<TableEntry> tables() {
    List<TableEntry> out = new ArrayList<>();
    for (Object o : (List<Object>) json.get("tables")) {
      Map<String, Object> m = (Map<String, Object>) o;
      String ln = (String) m.get("locationName");
      out.add(
          new TableEntry(
              new TableRef((String) m.get("namespace"), (String) m.get("name")),
              (String) m.get("kind"),
              (Long) m.get("rows"),
              (String) m.get("format"),
              (String) m.get("file"),
              (Long) m.get("bytes"),
              (String) m.get("sha256"),
              ln == null ? null : new TableRef((String) m.get("locationNamespace"), ln)));
    }
    return out;
  }
}
