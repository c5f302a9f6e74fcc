package io.sipgw.auth;

import java.util.Objects;

/**
 * A username and password for digest authentication. The password is kept out of {@link #toString()} so that
 * a logged configuration or exception never reveals it (house rule: no password in any log).
 */
public record DigestCredentials(String username, String password) {

    public DigestCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "DigestCredentials[username=" + username + ", password=***]";
    }
}
