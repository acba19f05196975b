/**
 * Conversations: the turns before a question ({@link dev.rag.generation.conversation.History},
 * checked against {@code rag.generation.conversation.*}) and the rewrite of a follow-up question
 * into one that stands alone ({@link dev.rag.generation.conversation.QueryRewriter}), so that
 * retrieval, which sees one query, finds what "it" or "frozen ones" refer to. With a generative
 * model the model rewrites; without one a deterministic rewrite resolves pronouns and elliptical
 * follow-ups against the earlier questions ({@code TermCarryingRewrite}).
 */
package dev.rag.generation.conversation;
