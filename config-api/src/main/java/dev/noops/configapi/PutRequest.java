package dev.noops.configapi;

/** The body of a PUT: a value, and whether it is already ciphertext or should be encrypted by the service. */
record PutRequest(String value, boolean encrypted, boolean encrypt) {}
