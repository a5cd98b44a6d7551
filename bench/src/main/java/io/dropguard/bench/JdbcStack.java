package io.dropguard.bench;

import com.alibaba.druid.pool.DruidDataSource;
import com.alibaba.druid.wall.WallConfig;
import com.alibaba.druid.wall.WallFilter;
import com.alibaba.druid.wall.spi.MySqlWallProvider;
import com.alibaba.druid.wall.spi.PGWallProvider;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dropguard.DropGuard;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.listener.NoOpQueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import stubdb.StubDriver;

/**
 * The competitors, one JMH {@code @Param} for every benchmark (STYLE convention 9). Each builds the pooled
 * DataSource an application would use, set up the way that tool's users set it up.
 *
 * <p>All but {@link #DRUID_WALL} pool with HikariCP (same size, same settings), so that the pool is the same and
 * only the layer differs. Druid's wall filter is normally run inside Druid's own pool, so that stack's figure also
 * holds the difference between DruidDataSource and HikariCP (see README.md, Performance).
 */
public enum JdbcStack {
  /** The real driver behind HikariCP: the baseline every ratio is taken to. */
  RAW {
    @Override
    PooledDataSource open(Database db, Path policies) {
      HikariDataSource pool = hikari(db.url(), db);
      return new PooledDataSource(pool, pool);
    }
  },
  /**
   * DropGuard by URL swap behind HikariCP ({@code jdbc:dropguard:h2:mem:...}, SPEC's form: the real URL without its
   * {@code jdbc:}): guards each physical connection once.
   */
  DROPGUARD {
    @Override
    PooledDataSource open(Database db, Path policies) {
      HikariConfig config = config(DROPGUARD_PREFIX + db.url().substring("jdbc:".length()), db);
      config.setDriverClassName(DROPGUARD_DRIVER);
      if (policies != null) {
        config.addDataSourceProperty("dropguard.policies", policies.toString());
      }
      HikariDataSource pool = new HikariDataSource(config);
      return new PooledDataSource(pool, pool);
    }
  },
  /**
   * DropGuard by {@code DropGuard.wrap(hikariDataSource)} (how Spring users attach it): guards each borrowed
   * connection, so its per-borrow cost shows too.
   */
  DROPGUARD_WRAP {
    @Override
    PooledDataSource open(Database db, Path policies) {
      if (policies != null) {
        System.setProperty("dropguard.policies", policies.toString());
      }
      HikariDataSource pool = hikari(db.url(), db);
      return new PooledDataSource(DropGuard.wrap(pool), pool);
    }
  },
  /**
   * P6Spy 3.9 by URL swap ({@code jdbc:p6spy:...}) with logging off: {@code spy.properties} in this jar loads only
   * {@code P6SpyFactory}, so it wraps and dispatches events but formats and writes nothing.
   */
  P6SPY {
    @Override
    PooledDataSource open(Database db, Path policies) {
      HikariConfig config = config("jdbc:p6spy:" + db.url().substring("jdbc:".length()), db);
      config.setDriverClassName("com.p6spy.engine.spy.P6SpyDriver");
      HikariDataSource pool = new HikariDataSource(config);
      return new PooledDataSource(pool, pool);
    }
  },
  /**
   * datasource-proxy 1.11 over the HikariCP DataSource (as its users attach it) with one no-op listener, the
   * minimum a user runs it with.
   */
  DATASOURCE_PROXY {
    @Override
    PooledDataSource open(Database db, Path policies) {
      HikariDataSource pool = hikari(db.url(), db);
      DataSource proxy =
          ProxyDataSourceBuilder.create("bench", pool).listener(new NoOpQueryExecutionListener()).build();
      return new PooledDataSource(proxy, pool);
    }
  },
  /**
   * Druid 1.2's WallFilter inside a DruidDataSource (how Druid users run it), with the deny lists shipped for the
   * dialect and every check switched on that still lets the workload through (see {@link #strictWallConfig}).
   */
  DRUID_WALL {
    @Override
    PooledDataSource open(Database db, Path policies) throws SQLException {
      WallFilter wall = new WallFilter();
      wall.setDbType(db.druidDbType());
      wall.setConfig(strictWallConfig(db));
      wall.setLogViolation(false);
      wall.setThrowException(true);

      DruidDataSource pool = new DruidDataSource();
      pool.setName("bench-" + name());
      if (db == Database.STUB) {
        pool.setDriverClassName(StubDriver.class.getName());
      }
      pool.setUrl(db.url());
      pool.setUsername(db.user());
      pool.setPassword(db.password());
      pool.setDbType(db.druidDbType());
      pool.setInitialSize(POOL_SIZE);
      pool.setMinIdle(POOL_SIZE);
      pool.setMaxActive(POOL_SIZE);
      pool.setTestWhileIdle(false);
      pool.setTestOnBorrow(false);
      pool.setTestOnReturn(false);
      pool.setProxyFilters(List.of(wall));
      pool.init();
      return new PooledDataSource(pool, pool);
    }
  };

  /** Connections in every pool: the benchmarks run one or two threads. */
  static final int POOL_SIZE = 4;

  static final String DROPGUARD_PREFIX = "jdbc:dropguard:";
  static final String DROPGUARD_DRIVER = "io.dropguard.driver.DropGuardDriver";

  /**
   * Builds this stack's pool over {@code db}.
   *
   * @param policies a policy file or directory for DropGuard, or null for its built-in default policy
   */
  abstract PooledDataSource open(Database db, Path policies) throws SQLException;

  static HikariDataSource hikari(String url, Database db) {
    return new HikariDataSource(config(url, db));
  }

  static HikariConfig config(String url, Database db) {
    if (db == Database.STUB) {
      StubDriver.register();
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("bench");
    config.setJdbcUrl(url);
    config.setUsername(db.user());
    config.setPassword(db.password());
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    config.setAutoCommit(true);
    return config;
  }

  /**
   * Druid's wall as strict as the workload allows: the dialect's deny lists (functions, objects, variables),
   * strict syntax, always-true conditions refused everywhere, DELETE/UPDATE without WHERE refused, multi-statement
   * strings, TRUNCATE, comments and hints refused. CREATE/DROP TABLE stay allowed because the DDL workload is
   * allowed DDL for every stack (DropGuard's policy allows it too).
   */
  static WallConfig strictWallConfig(Database db) {
    String denyLists =
        db == Database.POSTGRES ? PGWallProvider.DEFAULT_CONFIG_DIR : MySqlWallProvider.DEFAULT_CONFIG_DIR;
    WallConfig config = new WallConfig(denyLists);
    config.setStrictSyntaxCheck(true);
    config.setSelectWhereAlwayTrueCheck(true);
    config.setSelectHavingAlwayTrueCheck(true);
    config.setDeleteWhereAlwayTrueCheck(true);
    config.setUpdateWhereAlwayTrueCheck(true);
    config.setDeleteWhereNoneCheck(true);
    config.setUpdateWhereNoneCheck(true);
    config.setConditionAndAlwayTrueAllow(false);
    config.setConditionAndAlwayFalseAllow(false);
    config.setConditionLikeTrueAllow(false);
    config.setMultiStatementAllow(false);
    config.setTruncateAllow(false);
    config.setCommentAllow(false);
    config.setHintAllow(false);
    config.setSelectIntoAllow(false);
    config.setSelectIntoOutfileAllow(false);
    config.setSchemaCheck(true);
    config.setTableCheck(true);
    config.setFunctionCheck(true);
    config.setObjectCheck(true);
    config.setVariantCheck(true);
    return config;
  }
}
