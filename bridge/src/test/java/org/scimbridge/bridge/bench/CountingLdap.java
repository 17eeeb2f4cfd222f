package org.scimbridge.bridge.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;

/**
 * An {@link LDAPInterface} that counts what the bridge asks the directory, by operation kind, and can record the calls
 * of one request so they can be replayed on a plain connection. The bridge gets it where it would get the pool
 * (it depends on {@code LDAPInterface}), so every search, modify, compare and read-back it issues passes here.
 *
 * <p>{@code VlvSearches} keeps VLV contexts per pooled connection only when it sees the pool itself; behind this proxy
 * it searches without them. That concerns list paging, not the PATCH measured here.
 */
final class CountingLdap {

    /** Operation kinds, as the directory sees them (getEntry and searchForEntry are searches). */
    enum Kind { SEARCH, MODIFY, ADD, DELETE, MODIFY_DN, COMPARE, OTHER }

    /**
     * One call made through the proxy, replayable on another {@code LDAPInterface}.
     *
     * @param failure the result code the directory refused it with, or null
     */
    record Call(Method method, Object[] args, ResultCode failure) {
        /** Sends the same call; one the directory refused for the bridge must be refused the same way again. */
        void replayOn(LDAPInterface target) throws Exception {
            try {
                method.invoke(target, args);
            } catch (InvocationTargetException e) {
                if (failure != null && e.getCause() instanceof LDAPException refused && refused.getResultCode() == failure) {
                    return;
                }
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            if (failure != null) {
                throw new IllegalStateException(describe() + " succeeded on replay but failed with " + failure
                        + " for the bridge");
            }
        }

        String describe() {
            String first = args == null || args.length == 0 ? "" : args[0] + (args.length > 1 ? ", ..." : "");
            return method.getName() + "(" + first + ")";
        }
    }

    private final LDAPInterface target;
    private final Map<Kind, AtomicLong> counts = new EnumMap<>(Kind.class);
    private volatile List<Call> recording;

    CountingLdap(LDAPInterface target) {
        this.target = target;
        for (Kind kind : Kind.values()) {
            counts.put(kind, new AtomicLong());
        }
    }

    /** The proxy to hand to the bridge. */
    LDAPInterface proxy() {
        return (LDAPInterface) Proxy.newProxyInstance(LDAPInterface.class.getClassLoader(), new Class<?>[] {LDAPInterface.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(this, args);
                    }
                    counts.get(kindOf(method.getName())).incrementAndGet();
                    ResultCode failure = null;
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        failure = e.getCause() instanceof LDAPException refused ? refused.getResultCode() : ResultCode.OTHER;
                        throw e.getCause();
                    } finally {
                        List<Call> calls = recording;
                        if (calls != null) {
                            synchronized (calls) {
                                calls.add(new Call(method, args == null ? null : args.clone(), failure));
                            }
                        }
                    }
                });
    }

    /** A snapshot of the counters. */
    Map<Kind, Long> counts() {
        Map<Kind, Long> snapshot = new EnumMap<>(Kind.class);
        counts.forEach((kind, count) -> snapshot.put(kind, count.get()));
        return snapshot;
    }

    /** Starts recording calls (the caller sends exactly one request meanwhile). */
    void startRecording() {
        recording = new ArrayList<>();
    }

    /** Stops recording; returns the calls made since {@link #startRecording()}. */
    List<Call> stopRecording() {
        List<Call> calls = recording;
        recording = null;
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    static Kind kindOf(String method) {
        if (method.startsWith("search") || method.equals("getEntry") || method.startsWith("asyncSearch")) {
            return Kind.SEARCH;
        }
        if (method.startsWith("modifyDN")) {
            return Kind.MODIFY_DN;
        }
        if (method.startsWith("modify")) {
            return Kind.MODIFY;
        }
        if (method.startsWith("add")) {
            return Kind.ADD;
        }
        if (method.startsWith("delete")) {
            return Kind.DELETE;
        }
        if (method.startsWith("compare")) {
            return Kind.COMPARE;
        }
        return Kind.OTHER;
    }
}
