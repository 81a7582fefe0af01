package dev.homeport.app;
public class Main { public static void main(String[] a) {} }
