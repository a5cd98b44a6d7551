package io.dropguard.core.confirm;

import java.util.ArrayList;
import java.util.List;

/** Decides whether a statement that needs confirmation has it. */
public interface Confirmer {
  /** Checks (and uses up) a presented token, or asks at the terminal, or issues a new token. Never throws. */
  Confirmation confirm(ConfirmRequest request);

  /**
   * Confirms the statements of one SQL string or batch all together, because none of them may run unless all
   * may: a token is used up only when every statement is confirmed, so a refused batch can be fixed and retried
   * with the same tokens. Returns one confirmation per request, in order. Never throws.
   *
   * <p>The default confirms one by one (for test doubles); DropGuard's confirmer overrides it.
   */
  default List<Confirmation> confirmAll(List<ConfirmRequest> requests) {
    List<Confirmation> out = new ArrayList<>(requests.size());
    for (ConfirmRequest r : requests) {
      out.add(confirm(r));
    }
    return out;
  }
}
