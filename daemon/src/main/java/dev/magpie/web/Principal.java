package dev.magpie.web;

/** Who made a request: the admin through a UI session, or a script through a named token. */
record Principal(String name, boolean session) {
    static final String ATTRIBUTE = "magpie.principal";
}
