package io.sipgw.server;

/** Entry point of the runnable gateway: {@code java -jar gateway-server.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        String version = Main.class.getPackage().getImplementationVersion();
        System.out.println("sipgw gateway-server " + (version == null ? "(development build)" : version));
    }
}
