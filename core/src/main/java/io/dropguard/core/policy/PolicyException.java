package io.dropguard.core.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file (or directory) could not be loaded; each problem names file:line:column. */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<PolicyProblem> problems;

  public PolicyException(List<PolicyProblem> problems) {
    super(problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public PolicyException(PolicyProblem problem) {
    this(List.of(problem));
  }

  public List<PolicyProblem> problems() {
    return problems;
  }
}
