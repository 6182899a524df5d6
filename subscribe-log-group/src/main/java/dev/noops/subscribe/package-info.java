/**
 * The subscriber Lambda: subscribes CloudWatch Logs groups to the shipper. The handler is {@link
 * dev.noops.subscribe.SubscribeHandler}; the CLI uses {@link
 * dev.noops.subscribe.LogGroupSubscriber} with {@link dev.noops.subscribe.SubscribeSettings} and
 * {@link dev.noops.subscribe.AwsClients}.
 */
package dev.noops.subscribe;
