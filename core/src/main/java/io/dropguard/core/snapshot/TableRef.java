package io.dropguard.core.snapshot;

/**
 * A table or view: {@code namespace} is the schema (PostgreSQL, H2) or the database (MySQL, MariaDB), exactly as
 * the catalog spells it.
 */
record TableRef(String namespace, String name) {
  @Override
  public String toString() {
    return namespace == null ? name : namespace + "." + name;
  }
}
