# Build targets for `sam build` (template.yaml: Metadata.BuildMethod: makefile, CodeUri: .).
# SAM's own Maven builder cannot build a module that needs its parent POM and sibling modules, so
# each target builds its module with the reactor (-am) and unpacks the module's Lambda jar (classes
# plus dependencies, made by maven-shade-plugin) into ARTIFACTS_DIR, the layout Lambda's Java
# runtime loads. .ci/run runs these targets too (scripts/check-lambda-artifacts.sh).

MVNW ?= ./mvnw -B -q
JAR  := $(if $(JAVA_HOME),$(JAVA_HOME)/bin/jar,jar)

define lambda
	$(MVNW) -pl $(1) -am package -DskipTests
	mkdir -p "$(ARTIFACTS_DIR)"
	cd "$(ARTIFACTS_DIR)" && "$(JAR)" xf "$(CURDIR)/$(1)/target/noops-$(1)-lambda.jar"
	rm -rf "$(ARTIFACTS_DIR)/META-INF/maven"
endef

.PHONY: build-ShipperFunction build-SubscriberFunction build-ConfigFunction

build-ShipperFunction:
	$(call lambda,logs-to-elk)

build-SubscriberFunction:
	$(call lambda,subscribe-log-group)

build-ConfigFunction:
	$(call lambda,config-api)
