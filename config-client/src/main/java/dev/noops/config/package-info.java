/** Client of the noops config API. */
package dev.noops.config;
