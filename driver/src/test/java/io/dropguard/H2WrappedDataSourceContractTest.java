package io.dropguard;

import io.dropguard.testing.AbstractGuardContractTest;
import io.dropguard.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;

/** The contract on H2, attached by WRAPPED_DATA_SOURCE. */
class H2WrappedDataSourceContractTest extends AbstractGuardContractTest {
  private final Attach.Session session = new Attach.Session();

  @Override
  protected TestDatabase database() {
    return TestDatabase.H2;
  }

  @Override
  protected Connection openGuarded(String realUrl, Path policyDir) throws Exception {
    return Attach.WRAPPED_DATA_SOURCE.open(database(), realUrl, policyDir, session);
  }

  @Override
  protected void closeAttachment() {
    session.close();
  }
}
