package io.dropguard.agent.apps;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * A plugin host: loads the H2 driver from a jar through a class loader of its own, after start-up, and connects
 * through it (as servlet containers and plugin loaders do). Arguments: {@code <h2.jar> <system|platform> <dir>
 * <table>}; {@code platform} makes the loader isolated from the system class path.
 */
public final class ChildLoaderApp {
  private ChildLoaderApp() {}

  public static void main(String[] args) throws Exception {
    ClassLoader parent =
        args[1].equals("platform") ? ClassLoader.getPlatformClassLoader() : ClassLoader.getSystemClassLoader();
    String url = "jdbc:h2:file:" + args[2] + "/pilot";
    String table = args[3];
    try (URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()}, parent)) {
      Driver driver = (Driver) Class.forName("org.h2.Driver", true, loader).getDeclaredConstructor().newInstance();
      System.out.println("DRIVER-LOADER " + (driver.getClass().getClassLoader() == loader ? "child" : "other"));
      Properties credentials = new Properties();
      credentials.setProperty("user", "sa");
      credentials.setProperty("password", "");
      try (Connection c = driver.connect(url, credentials)) {
        work("driver", c, table);
      }
      DataSource ds = (DataSource) Class.forName("org.h2.jdbcx.JdbcDataSource", true, loader).getDeclaredConstructor().newInstance();
      ds.getClass().getMethod("setURL", String.class).invoke(ds, url);
      ds.getClass().getMethod("setUser", String.class).invoke(ds, "sa");
      try (Connection c = ds.getConnection()) {
        work("datasource", c, table);
      }
    }
    NonDaemonThreads.report();
  }

  private static void work(String how, Connection c, String table) {
    Outcome.step(how + " SELECT", () -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
        rs.next();
      }
    });
    Outcome.step(how + " DROP", () -> {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE " + table);
      }
    });
  }
}
