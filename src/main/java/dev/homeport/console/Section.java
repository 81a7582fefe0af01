package dev.homeport.console;

/**
 * One part of the console (the home page, Secrets Manager, ECS, CloudWatch Logs): the name the navigation
 * highlights, and its pages. A section knows nothing of the console around it: sign-in, sessions, CSRF and error
 * pages are the console's, done before a handler is called.
 */
interface Section {

    /** The section's name in the navigation ({@code secrets}, {@code ecs}, ...). */
    String name();

    /** Adds the section's pages. */
    void register(Routes routes);

    /** Where a section adds its pages, under {@code /console}. */
    interface Routes {
        Routes get(String path, Handler handler);

        Routes post(String path, Handler handler);
    }

    /** A page handler, called only for a signed-in user whose POST carried the CSRF token. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange x);
    }
}
