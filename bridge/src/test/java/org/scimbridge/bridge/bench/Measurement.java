package org.scimbridge.bridge.bench;

/**
 * One measured run of one request kind at one concurrency: what the load generator saw, and what the processes spent.
 *
 * @param requests         answered requests (or LDAP operations) within the run
 * @param seconds          the run's length
 * @param p50Micros        median latency
 * @param p99Micros        99th percentile latency
 * @param errors           failed requests: socket errors, time-outs, non-2xx answers, LDAP errors
 * @param clientCpuNanos   CPU of the load generator (wrk, or the raw LDAP client threads)
 * @param slapdCpuNanos    CPU of slapd
 * @param bridgeCpuNanos   CPU of the bridge process (0 for raw runs)
 * @param ldapOpsByBridge  LDAP operations the bridge issued (its /metrics; 0 for raw runs)
 * @param unit             what one request is ("search", "PATCH", "page of 100"...)
 */
record Measurement(long requests, double seconds, long p50Micros, long p99Micros, long errors, long clientCpuNanos,
                   long slapdCpuNanos, long bridgeCpuNanos, double ldapOpsByBridge, String unit) {

    double perSecond() {
        return requests / seconds;
    }

    double microsPerRequest(long nanos) {
        return requests == 0 ? Double.NaN : nanos / 1000.0 / requests;
    }

    Measurement withCosts(long slapdCpu, long bridgeCpu, double ldapOps) {
        return new Measurement(requests, seconds, p50Micros, p99Micros, errors, clientCpuNanos, slapdCpu, bridgeCpu, ldapOps,
                unit);
    }
}
