package io.sipgw.server.config;

import java.util.Objects;

/** A digest username and password for one peer; printing it shows the username only. */
public record SipCredentials(String username, Secret password) {

    public SipCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }
}
