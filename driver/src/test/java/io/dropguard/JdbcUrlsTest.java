package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:dropguard:postgresql://db:5432/pilot | jdbc:postgresql://db:5432/pilot",
        "jdbc:dropguard:h2:mem:dropguard:x | jdbc:h2:mem:dropguard:x",
        "jdbc:dropguard:dropguard:mariadb://h/db | jdbc:mariadb://h/db",
      })
  void thePrefixIsRemovedByPosition(String url, String real) {
    assertEquals(real, JdbcUrls.realUrl(url));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db/pilot?user=app&password=s3cret&ssl=true | jdbc:postgresql://db/pilot?user=app&password=****&ssl=true",
        "jdbc:mysql://app:s3cret@db:3306/pilot | jdbc:mysql://app:****@db:3306/pilot",
        "jdbc:sqlserver://db;user=sa;password=s3cret;database=x | jdbc:sqlserver://db;user=sa;password=****;database=x",
        "jdbc:oracle:thin:scott/tiger@db:1521/orcl | jdbc:oracle:thin:scott/****@db:1521/orcl",
        "jdbc:h2:file:/data/x;USER=sa;PASSWORD=pw | jdbc:h2:file:/data/x;USER=sa;PASSWORD=****",
        "jdbc:postgresql://db:5432/pilot | jdbc:postgresql://db:5432/pilot",
      })
  void passwordsAreMasked(String url, String masked) {
    assertEquals(masked, JdbcUrls.mask(url));
  }
}
