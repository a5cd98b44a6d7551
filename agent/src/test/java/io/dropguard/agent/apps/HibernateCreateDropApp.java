package io.dropguard.agent.apps;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * Hibernate with {@code hbm2ddl.auto=create-drop}: it drops its tables at start-up and at shutdown. In between it
 * persists and reads an entity (normal work). Arguments: {@code <dir>}.
 */
public final class HibernateCreateDropApp {
  private HibernateCreateDropApp() {}

  /** The application's entity. */
  @Entity(name = "Pilot")
  public static class Pilot {
    @Id public Long id;
    public String name;
  }

  public static void main(String[] args) {
    Configuration configuration =
        new Configuration()
            .addAnnotatedClass(Pilot.class)
            .setProperty("hibernate.connection.url", "jdbc:h2:file:" + args[0] + "/pilot")
            .setProperty("hibernate.connection.username", "sa")
            .setProperty("hibernate.connection.password", "")
            .setProperty("hibernate.hbm2ddl.auto", "create-drop");
    try (SessionFactory sessions = configuration.buildSessionFactory()) {
      Outcome.step("PERSIST", () -> sessions.inTransaction(s -> {
        Pilot p = new Pilot();
        p.id = 1L;
        p.name = "kept";
        s.persist(p);
      }));
      Outcome.step("QUERY", () -> sessions.inSession(s -> {
        if (s.find(Pilot.class, 1L) == null) {
          throw new IllegalStateException("entity not found");
        }
      }));
    }
    NonDaemonThreads.report();
  }
}
