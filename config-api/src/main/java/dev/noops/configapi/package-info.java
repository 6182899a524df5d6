/** The config API Lambda. */
package dev.noops.configapi;
