package dev.magpie.mqtt;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttPersistable;
import org.eclipse.paho.client.mqttv3.MqttPersistenceException;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paho's file persistence, but a message that cannot be written to disk (the disk is full, the card is read-only)
 * is kept in memory instead of failing the publish: Paho fails a QoS 1 publish for good when {@code put} throws,
 * so with plain file persistence a full data directory silenced every alert. What is in memory is lost on a power
 * cut, as it would have been without persistence; it is not lost to a full disk.
 */
final class SpillToMemoryPersistence implements MqttClientPersistence {

    private static final Logger log = LoggerFactory.getLogger(SpillToMemoryPersistence.class);

    private final MqttDefaultFilePersistence file;
    private final Hashtable<String, MqttPersistable> memory = new Hashtable<>();
    private boolean warned;

    SpillToMemoryPersistence(String directory) {
        this.file = new MqttDefaultFilePersistence(directory);
    }

    @Override
    public void open(String clientId, String serverURI) throws MqttPersistenceException {
        file.open(clientId, serverURI);
    }

    @Override
    public void close() throws MqttPersistenceException {
        memory.clear();
        file.close();
    }

    @Override
    public synchronized void put(String key, MqttPersistable persistable) throws MqttPersistenceException {
        try {
            file.put(key, persistable);
            memory.remove(key);
        } catch (MqttPersistenceException e) {
            if (!warned) {
                log.warn("MQTT persistence cannot write to disk ({}); keeping unsent messages in memory until it can", e.getMessage());
                warned = true;
            }
            memory.put(key, persistable); // as Paho's MemoryPersistence keeps it
        }
    }

    @Override
    public synchronized MqttPersistable get(String key) throws MqttPersistenceException {
        MqttPersistable inMemory = memory.get(key);
        return inMemory != null ? inMemory : file.get(key);
    }

    @Override
    public synchronized void remove(String key) throws MqttPersistenceException {
        if (memory.remove(key) == null) {
            file.remove(key);
        }
    }

    @Override
    public synchronized Enumeration<String> keys() throws MqttPersistenceException {
        Set<String> keys = new HashSet<>(memory.keySet());
        keys.addAll(Collections.list(file.keys()));
        return Collections.enumeration(keys);
    }

    @Override
    public synchronized void clear() throws MqttPersistenceException {
        memory.clear();
        file.clear();
    }

    @Override
    public synchronized boolean containsKey(String key) throws MqttPersistenceException {
        return memory.containsKey(key) || file.containsKey(key);
    }
}
