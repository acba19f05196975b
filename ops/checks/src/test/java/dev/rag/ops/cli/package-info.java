/**
 * The {@code rag} command itself, without the platform: every subcommand's {@code --help}, usage
 * errors and their exit status, and the API-calling subcommands against a stand-in gateway (how
 * they read its JSON with jq, their progress lines and their {@code --json} output).
 */
package dev.rag.ops.cli;
