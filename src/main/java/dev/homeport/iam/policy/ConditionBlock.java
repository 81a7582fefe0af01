package dev.homeport.iam.policy;

import java.util.List;

/**
 * A statement's Condition element: every clause must hold ("If you specify multiple condition operators, or multiple
 * keys attached to a single condition operator, the conditions are evaluated using a logical AND"). No Condition
 * element always holds.
 */
final class ConditionBlock {
    static final ConditionBlock NONE = new ConditionBlock(List.of());

    private final ConditionClause[] clauses;

    ConditionBlock(List<ConditionClause> clauses) {
        this.clauses = clauses.toArray(ConditionClause[]::new);
    }

    boolean holds(AccessRequest request) {
        for (ConditionClause clause : clauses) {
            if (!clause.holds(request)) {
                return false;
            }
        }
        return true;
    }
}
