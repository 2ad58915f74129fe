/**
 * The chat of the "Api Gateway Socket" walkthrough, in Java: {@code $connect} and {@code
 * $disconnect} keep a table of connection ids, {@code sendmessage} broadcasts to every connection
 * through the in-process management client. Served by {@code ./wsgate serve} with no config, from
 * {@code examples/chat.yaml}.
 */
package io.wsgate.example.chat;
