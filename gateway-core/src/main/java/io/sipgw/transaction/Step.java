package io.sipgw.transaction;

/**
 * What a state machine's method for one state returns for an input: the next state and the one action to take.
 *
 * @param next   the state the transaction is in afterwards (its own state when the input changes nothing)
 * @param action what to do about the input
 */
record Step<S extends Enum<S>, A extends Enum<A>>(S next, A action) {

    /** To {@code next}, doing {@code action} on the way; for the machines' state methods. */
    static <S extends Enum<S>, A extends Enum<A>> Step<S, A> to(S next, A action) {
        return new Step<>(next, action);
    }
}
