package dev.magpie.cli;

import dev.magpie.web.TokenStore;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"API tokens for scripts and Custom Vision clients (Authorization: Bearer TOKEN, or Prediction-Key).",
            "Only a hash is stored (DIR/web/tokens.json); a running daemon sees changes at once."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    MagpieCommand magpie;

    @Override
    public Integer call() throws IOException {
        return new ListTokens().list(magpie);
    }

    TokenStore store() {
        return new TokenStore(magpie.dataDir.toAbsolutePath().normalize(), Clock.systemUTC());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token and print it once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "1-64 characters A-Z a-z 0-9 _ . -")
        String name;

        @Override
        public Integer call() throws IOException {
            try {
                System.out.println(token.store().create(name));
            } catch (dev.magpie.web.WebException e) {
                throw new UserError(ExitCodes.INVALID_INPUT, e.getMessage());
            }
            System.err.println("Token " + name + " created. It is shown only now; store it where your script reads it.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens with when they were made and last used.")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;

        @Override
        public Integer call() throws IOException {
            return list(token.magpie);
        }

        Integer list(MagpieCommand magpie) throws IOException {
            java.util.List<TokenStore.Token> tokens = new TokenStore(magpie.dataDir.toAbsolutePath().normalize(),
                    Clock.systemUTC()).list();
            if (tokens.isEmpty()) {
                System.out.println("No API tokens. Create one with: magpie token create --name NAME");
            }
            for (TokenStore.Token t : tokens) {
                System.out.printf("  %-24s created %s  last used %s%n", t.name(), t.created(),
                        t.lastUsed() == null ? "never" : t.lastUsed());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by name.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            if (!token.store().revoke(name)) {
                throw new UserError(ExitCodes.NOT_FOUND, "no token named " + name + "; see: magpie token list");
            }
            System.out.println("Token " + name + " revoked.");
            return ExitCodes.OK;
        }
    }
}
