package io.dropguard;

import io.dropguard.testing.AbstractGuardContractTest;
import io.dropguard.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;

/** The contract on MARIADB, attached by HIKARI_URL. */
class MariaDbHikariUrlContractIT extends AbstractGuardContractTest {
  private final Attach.Session session = new Attach.Session();

  @Override
  protected TestDatabase database() {
    return TestDatabase.MARIADB;
  }

  @Override
  protected Connection openGuarded(String realUrl, Path policyDir) throws Exception {
    return Attach.HIKARI_URL.open(database(), realUrl, policyDir, session);
  }

  @Override
  protected void closeAttachment() {
    session.close();
  }
}
