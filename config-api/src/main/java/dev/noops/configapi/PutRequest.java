package dev.noops.configapi;

/**
 * The body of a PUT: a value, and whether it is already ciphertext or should be encrypted by the
 * service; or {@code rollbackTo}, the older version whose stored value (ciphertext stays
 * ciphertext) becomes the new version.
 */
record PutRequest(String value, boolean encrypted, boolean encrypt, Long rollbackTo) {}
