package io.dropguard;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dropguard.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/** The ways of attaching DropGuard that the contract runs for. */
enum Attach {
  /** {@code jdbc:dropguard:<real-url>} through DriverManager, policies as a connection property. */
  URL_SWAP,
  /** {@code DropGuard.wrap(DataSource)} over the vendor's DataSource, policies as a system property. */
  WRAPPED_DATA_SOURCE,
  /** HikariCP with {@code jdbcUrl=jdbc:dropguard:...}, policies as a data source property. */
  HIKARI_URL,
  /** {@code DropGuard.wrap(HikariDataSource)} of a pool built with {@code dataSourceClassName}. */
  HIKARI_WRAPPED;

  private static final String POLICIES = "dropguard.policies";

  /** What {@link #open} set up, to close after the test. */
  static final class Session implements AutoCloseable {
    HikariDataSource pool;
    boolean systemProperty;

    @Override
    public void close() {
      if (pool != null) {
        pool.close();
      }
      if (systemProperty) {
        System.clearProperty(POLICIES);
      }
    }
  }

  Connection open(TestDatabase db, String realUrl, Path policies, Session session) throws SQLException {
    switch (this) {
      case URL_SWAP: {
        Properties p = db.credentials();
        p.setProperty(POLICIES, policies.toString());
        return DriverManager.getConnection("jdbc:dropguard:" + realUrl.substring("jdbc:".length()), p);
      }
      case WRAPPED_DATA_SOURCE:
        System.setProperty(POLICIES, policies.toString());
        session.systemProperty = true;
        return DropGuard.wrap(vendorDataSource(db, realUrl)).getConnection();
      case HIKARI_URL: {
        HikariConfig config = poolConfig();
        config.setJdbcUrl("jdbc:dropguard:" + realUrl.substring("jdbc:".length()));
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.addDataSourceProperty(POLICIES, policies.toString());
        session.pool = new HikariDataSource(config);
        return session.pool.getConnection();
      }
      case HIKARI_WRAPPED: {
        System.setProperty(POLICIES, policies.toString());
        session.systemProperty = true;
        HikariConfig config = poolConfig();
        config.setDataSourceClassName(vendorDataSourceClass(db));
        config.addDataSourceProperty("url", realUrl);
        config.addDataSourceProperty("user", db.user());
        config.addDataSourceProperty("password", db.password());
        session.pool = new HikariDataSource(config);
        return DropGuard.wrap(session.pool).getConnection();
      }
      default:
        throw new AssertionError(this);
    }
  }

  private static HikariConfig poolConfig() {
    HikariConfig config = new HikariConfig();
    // one connection, made while the pool starts: no connection is made later on a pool thread
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    return config;
  }

  static String vendorDataSourceClass(TestDatabase db) {
    switch (db) {
      case H2:
        return "org.h2.jdbcx.JdbcDataSource";
      case POSTGRES:
        return "org.postgresql.ds.PGSimpleDataSource";
      case MARIADB:
        return "org.mariadb.jdbc.MariaDbDataSource";
      default:
        throw new AssertionError(db);
    }
  }

  static DataSource vendorDataSource(TestDatabase db, String realUrl) throws SQLException {
    switch (db) {
      case H2: {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(realUrl);
        ds.setUser(db.user());
        ds.setPassword(db.password());
        return ds;
      }
      case POSTGRES: {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(realUrl);
        ds.setUser(db.user());
        ds.setPassword(db.password());
        return ds;
      }
      case MARIADB: {
        org.mariadb.jdbc.MariaDbDataSource ds = new org.mariadb.jdbc.MariaDbDataSource(realUrl);
        ds.setUser(db.user());
        ds.setPassword(db.password());
        return ds;
      }
      default:
        throw new AssertionError(db);
    }
  }
}
