/**
 * The draw-a-digit page and its HTTP API, on the JDK's own server ({@code com.sun.net.httpserver}):
 * {@link org.mnistnn.web.WebServer} wires the routes, {@link org.mnistnn.web.PredictRequest} and
 * {@link org.mnistnn.web.HttpBodies} check what clients send, {@link org.mnistnn.web.Prediction}
 * runs the network on one image and explains its answer, {@link org.mnistnn.web.StaticFiles} serves
 * the page from the class path, and {@link org.mnistnn.web.TrainingFeed} streams a training run to
 * the page as server-sent events.
 */
package org.mnistnn.web;
