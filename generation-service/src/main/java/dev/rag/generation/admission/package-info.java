/** Admission control: how many answers the service works on at once, and what happens past it. */
package dev.rag.generation.admission;
