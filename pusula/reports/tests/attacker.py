"""The attacker's arithmetic: which anonymous answers do the visible figures pin down?

An anonymous answer is *determined* when every assignment of the anonymous answers that the viewer
cannot tell apart from the real one (same observation) gives it the same value. Finding one
indistinguishable assignment in which it differs proves it is not determined; the candidates tried are
the ones a gate that pools answers must leave open: swapping it with another anonymous person's
different answer, changing it alone, or changing a whole pool of equal anonymous answers together.
"""


def alternatives(assignment, anonymous_keys, options, key):
    """Assignments that differ from `assignment` at `key` (a (person, question) pair)."""
    person, question = key
    value = assignment[key]
    pool = [k for k in anonymous_keys if k[1] == question]
    for other in pool:
        if assignment[other] != value:
            yield {**assignment, key: assignment[other], other: value}
    for alternative in options[question]:
        if alternative != value:
            yield {**assignment, key: alternative}
    if all(assignment[k] == value for k in pool):
        for alternative in options[question]:
            if alternative != value:
                yield {**assignment, **{k: alternative for k in pool}}


def determined(observe, assignment, anonymous_keys, options):
    """The anonymous (person, question) keys whose answer the observation pins down.

    observe(assignment) → anything comparable; assignment: (person, question) → choice number for every
    answer; anonymous_keys: the anonymous people's answers; options: question → choice numbers.
    """
    seen = observe(assignment)
    pinned = []
    for key in anonymous_keys:
        if not any(observe(other) == seen for other in alternatives(assignment, anonymous_keys, options, key)):
            # Pinned, or the views drifted since `seen` was taken (a long run on a busy machine): only a
            # fresh look at the real answers tells the two apart.
            seen = observe(assignment)
            if not any(observe(other) == seen for other in alternatives(assignment, anonymous_keys, options, key)):
                pinned.append(key)
    return pinned
