# Developer verbs (STYLE.md). Each picks a JDK 21+ through bin/jdk.sh.
SHELL := /bin/bash
JDK := . bin/jdk.sh && ladder_find_jdk &&

.PHONY: build test it fmt bench run
build:
	$(JDK) ./mvnw -B -q -DskipTests package
test:
	$(JDK) ./mvnw -B test
it:
	bin/test
fmt:
	$(JDK) ./mvnw -B -q spotless:apply
bench:
	$(JDK) ./mvnw -B -q -DskipTests -pl ladder-bench -am package && $$JAVA_HOME/bin/java -jar ladder-bench/target/benchmarks.jar
run:
	./ladder demo
