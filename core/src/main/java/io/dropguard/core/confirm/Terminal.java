package io.dropguard.core.confirm;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;

/** A person's terminal, when the program has one. */
interface Terminal {
  PrintWriter writer();

  /** The line typed, or null at end of input. */
  String readLine(String prompt);

  /**
   * The program's interactive console, or null. Java 17 gives a console only when both standard input and
   * standard output are terminals; Java 22 and later give one always, and {@code Console.isTerminal()} tells
   * whether it is a terminal. Never null-checking alone, then: a console that is not a terminal would block on a
   * pipe or read a script's input as an answer.
   */
  static Terminal system() {
    Console c = System.console();
    if (c == null || !isTerminal(c)) {
      return null;
    }
    return new Terminal() {
      @Override
      public PrintWriter writer() {
        return c.writer();
      }

      @Override
      public String readLine(String prompt) {
        return c.readLine("%s", prompt);
      }
    };
  }

  private static boolean isTerminal(Console c) {
    try {
      Method m = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(m.invoke(c));
    } catch (NoSuchMethodException before22) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
